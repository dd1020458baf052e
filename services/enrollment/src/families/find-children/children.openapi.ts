import { ApiProperty } from '@nestjs/swagger';

/* GET /me/children as the OpenAPI document describes it. */

export class ChildDoc {
  @ApiProperty({ format: 'uuid', description: 'the learner in the register (học sinh)' })
  studentId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "the school's name today in the registry copy; null while the copy does not know it",
  })
  schoolName!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) grade!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the class (lớp), e.g. 3A1; null until placed',
  })
  className!: string | null;
  @ApiProperty({ example: '2025-2026' }) schoolYear!: string;
}

export class ChildrenDoc {
  @ApiProperty({
    type: [ChildDoc],
    description: 'learners in the register at a school now, the eldest first (then by name)',
  })
  items!: ChildDoc[];
}
