import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADMISSION_AGE_EXCEPTIONS, APPLICATION_CHANNELS } from '@qn/contracts';
import { OfferDoc } from '../../results/find-offers/offer.openapi';

/* GET /me/applications as the OpenAPI document describes it: applicationView(a, 'family') and more. */

export class AgeExceptionDoc {
  @ApiProperty({ enum: [...ADMISSION_AGE_EXCEPTIONS] }) category!: string;
  @ApiPropertyOptional({ description: 'the number of the document that shows it' })
  evidenceRef?: string;
}

export class FamilyApplicantDoc {
  @ApiProperty({ description: 'the last four digits of the personal id (never the whole number)' })
  personalIdLast4!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ format: 'uuid' }) residenceOrgUnitId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'village / residential group / street',
  })
  residenceLocality!: string | null;
  @ApiProperty({ type: AgeExceptionDoc, nullable: true }) ageException!: AgeExceptionDoc | null;
}

export class ApplicationDecisionDoc {
  @ApiProperty() decidedBy!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty() reason!: string;
}

export class FamilyRoundDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '2026-2027' }) schoolYear!: string;
  @ApiProperty({ enum: [1, 6, 10] }) grade!: number;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'applications are accepted until then (exclusive)',
  })
  closesAt!: string;
  @ApiProperty({ description: 'whether offers and waiting lists are out' })
  resultsPublished!: boolean;
}

export class WishSchoolDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "the school's name today in the registry copy; null while the copy does not know it",
  })
  name!: string | null;
}

export class FamilyOfferDoc extends OfferDoc {
  @ApiProperty({ type: String, nullable: true }) schoolName!: string | null;
}

export class FamilyApplicationDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ type: FamilyApplicantDoc }) applicant!: FamilyApplicantDoc;
  @ApiProperty({ type: [String], format: 'uuid', description: 'school ids, first wish first' })
  wishes!: string[];
  @ApiProperty({ type: [String] }) priorityCategories!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: 'grade 10: entrance exam scores by subject code, once the exam board sent them',
  })
  examScores!: Record<string, number> | null;
  @ApiProperty() bonusPoints!: number;
  @ApiProperty({ enum: [...APPLICATION_CHANNELS] }) channel!: string;
  @ApiProperty({
    enum: ['active', 'withdrawn', 'refused'],
    description:
      "refused: a school upheld another family's application for the child (see decision)",
  })
  status!: string;
  @ApiPropertyOptional({ type: ApplicationDecisionDoc, description: 'only when refused' })
  decision?: ApplicationDecisionDoc;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: FamilyRoundDoc }) round!: FamilyRoundDoc;
  @ApiProperty({ type: [WishSchoolDoc], description: 'the wished schools in wish order' })
  wishSchools!: WishSchoolDoc[];
  @ApiProperty({
    type: FamilyOfferDoc,
    nullable: true,
    description: 'the offer (null before results are published, or when not placed)',
  })
  offer!: FamilyOfferDoc | null;
}

export class FamilyApplicationsDoc {
  @ApiProperty({ type: [FamilyApplicationDoc], description: 'the newest round first' })
  items!: FamilyApplicationDoc[];
}
