import { OutOfScope } from '@qn/contracts';
import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Response } from 'express';
import { Access, AccessContext, ClientScope, Policy, Reach } from '@qn/auth';
import { Idempotent, IsDecimal } from '@qn/service-kit';
import { SubmitApplicationService } from './submit-application.service';
import {
  AGE_EXCEPTION_CATEGORIES,
  EVIDENCE_REF,
  type AgeExceptionCategory,
} from '../domain/admission-age';

export class AgeExceptionDto {
  @ApiProperty({
    enum: AGE_EXCEPTION_CATEGORIES,
    description:
      'grades 6 and 10: why the child may enter at another age than 11 / 15 (Circular 32/2020, Art. 33)',
  })
  @IsIn(AGE_EXCEPTION_CATEGORIES)
  category: AgeExceptionCategory;
  @ApiPropertyOptional({
    example: 'QĐ 45/QĐ-PGDĐT',
    description: 'reference of the evidence (a decision or certificate number); no personal data',
  })
  @IsOptional()
  @Matches(EVIDENCE_REF, {
    message: 'evidenceRef must be 1-100 letters, digits, spaces or . , / _ ( ) -',
  })
  evidenceRef?: string;
}

export class ApplicantDto {
  @ApiProperty({
    example: '022220001234',
    description: '12-digit personal identification number (mã định danh cá nhân)',
  })
  @Matches(/^\d{12}$/, { message: 'personalId must be exactly 12 digits' })
  personalId: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @Length(1, 150) fullName: string;
  @ApiProperty({ example: '2020-04-02' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth: string;
  @ApiProperty({ description: 'commune, ward or special zone of residence' })
  @IsUUID()
  residenceOrgUnitId: string;
  @ApiPropertyOptional({
    example: 'Khu 3',
    description:
      'village, residential group (thôn, khu phố, tổ dân phố) or street of residence; required where the round divides the commune between schools',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  residenceLocality?: string;
  @ApiPropertyOptional({ type: AgeExceptionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgeExceptionDto)
  ageException?: AgeExceptionDto;
}

export class SubmitApplicationDto {
  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;
  @ApiProperty({ type: [String], description: 'school ids, most wanted first (nguyện vọng)' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  wishes: string[];
  @ApiProperty({ type: [String], example: [] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  priorityCategories: string[];
  @ApiPropertyOptional({ description: 'grade 10: exam scores by subject code' })
  @IsOptional()
  @IsObject()
  examScores?: Record<string, number>;
  @ApiPropertyOptional()
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(10)
  bonusPoints?: number;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('rounds/:roundId/applications')
export class SubmitApplicationController {
  constructor(private readonly service: SubmitApplicationService) {}

  /**
   * A family applies online; school staff record an application received on paper at their desk
   * (it counts as paper, so the online share stays true); an integration client (an outside
   * portal) may use this API as well as Kafka. A retry with the same Idempotency-Key is safe.
   */
  @Post()
  @HttpCode(201)
  @Policy({
    action: 'submit',
    resource: 'application',
    // Families apply for their own child (and become its recorded guardians); staff record paper
    // applications that list their school; portals submit for families.
    users: { family: Reach.All, principal: Reach.Unit, 'school-staff': Reach.Unit },
    clients: { [ClientScope.ApplicationsSubmit]: Reach.All },
    personalData: true,
  })
  // Every successful path records its 201 in the submitting transaction (SubmitApplicationService).
  @Idempotent({ required: true })
  async submit(
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() dto: SubmitApplicationDto,
    @Access() access: AccessContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ applicationId: string }> {
    const principal = access.principal;
    const isPortal = principal.kind === 'client';
    // A staff grant (narrowed by any other role held) records paper at the caller's own school.
    const isStaff = !isPortal && !access.uses('role:family');
    if (isStaff)
      await access.require(
        { orgUnitIds: dto.wishes },
        () =>
          new OutOfScope(
            'forbidden',
            'Forbidden',
            'school staff record paper applications that list their own school',
          ),
      );
    const channel = isStaff ? 'paper' : isPortal ? 'portal' : 'online';
    const result = await this.service.submit({
      roundId,
      applicant: dto.applicant,
      wishes: dto.wishes,
      priorityCategories: dto.priorityCategories,
      examScores: dto.examScores,
      bonusPoints: dto.bonusPoints,
      channel,
      source:
        channel === 'portal'
          ? principal.subject
          : channel === 'paper'
            ? 'school-desk'
            : 'family-web',
      recordedBy: principal.subject,
      ...(channel === 'online' ? { guardianSubject: principal.subject } : {}),
      now: new Date(),
    });
    res.setHeader('Location', `/applications/${result.applicationId}`);
    return { applicationId: result.applicationId };
  }
}
