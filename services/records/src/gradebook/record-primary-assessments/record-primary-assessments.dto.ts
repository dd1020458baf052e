import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { TermSlot } from '../domain/primary-assessments';

const CHECKPOINT = {
  enum: ['mid', 'end'],
  description:
    'term 1: mid = giữa HK I, end = cuối HK I; term 2: mid = giữa HK II, end = cuối năm học',
};

/** One learner's assessment in the subject at the checkpoint, as typed. */
export class PrimarySubjectAssessmentDto {
  @ApiProperty() @IsUUID() studentId: string;

  @ApiPropertyOptional({
    example: 'T',
    description: 'T / H / C, or Hoàn thành tốt / Hoàn thành / Chưa hoàn thành (required)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  level?: string;

  /** Checked by the use case (a decimal is a 422 naming the field, not a malformed request). */
  @ApiPropertyOptional({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 9,
    description: 'the periodic test, a whole mark 1-10, only where the circular holds one',
  })
  @Allow()
  testScore?: unknown;

  @ApiPropertyOptional({ description: 'a short comment (nhận xét), at most 500 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RecordPrimaryAssessmentsDto {
  @ApiProperty(CHECKPOINT) @IsIn(['mid', 'end']) checkpoint: TermSlot;

  @ApiProperty({ type: [PrimarySubjectAssessmentDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PrimarySubjectAssessmentDto)
  assessments: PrimarySubjectAssessmentDto[];
}

/** One learner's quality and competency levels at the checkpoint. */
export class LearnerQualitiesDto {
  @ApiProperty() @IsUUID() studentId: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { chamChi: 'T', trungThuc: 'Đ', tuChuTuHoc: 'C' },
    description:
      'quality (yeuNuoc, nhanAi, chamChi, trungThuc, trachNhiem) and competency (tuChuTuHoc, giaoTiepHopTac, giaiQuyetVanDeSangTao, ngonNgu, tinhToan, khoaHoc, congNghe, tinHoc, thamMi, theChat) → T / Đ / C (Tốt, Đạt, Cần cố gắng); only those named are set',
  })
  @IsObject()
  levels: Record<string, unknown>;
}

export class RecordQualitiesDto {
  @ApiProperty(CHECKPOINT) @IsIn(['mid', 'end']) checkpoint: TermSlot;

  @ApiProperty({ type: [LearnerQualitiesDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LearnerQualitiesDto)
  assessments: LearnerQualitiesDto[];
}
