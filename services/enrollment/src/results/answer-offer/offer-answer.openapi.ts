import { ApiProperty } from '@nestjs/swagger';

/* POST /offers/:id/acceptance and /decline as the OpenAPI document describes them: the offer answered. */

export class OfferAnswerDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid', description: 'the offering school' }) schoolId!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: "the school's place among the wishes (1 = first wish)",
  })
  wishRank!: number;
  @ApiProperty({ enum: ['accepted', 'declined'] }) status!: 'accepted' | 'declined';
}
