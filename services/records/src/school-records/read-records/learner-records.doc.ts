import { ApiProperty } from '@nestjs/swagger';

/** One signed version of a record: never the marks. */
export class RecordVersionDoc {
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'SHA-256 of the signed document (hex).' }) recordHash!: string;
  @ApiProperty({ type: String, format: 'date-time' }) signedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why a later version corrected it.' })
  reason!: string | null;
}

/** A school year's học bạ of the learner, with its versions. */
export class LearnerRecordDoc {
  @ApiProperty({ format: 'uuid' }) recordId!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ description: 'The school as the signed document names it.' })
  schoolName!: string;
  @ApiProperty({ example: '2025-2026' }) schoolYear!: string;
  @ApiProperty() grade!: number;
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty({ type: [RecordVersionDoc] }) versions!: RecordVersionDoc[];
}

/** `GET /learners/{studentId}/records`. */
export class LearnerRecordsDoc {
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty({ type: [LearnerRecordDoc] }) records!: LearnerRecordDoc[];
}
