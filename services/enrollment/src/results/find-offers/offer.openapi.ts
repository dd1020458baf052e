import { ApiProperty } from '@nestjs/swagger';
import type { OfferStatus } from '../domain/offer-rules';

const OFFER_STATUSES: OfferStatus[] = ['offered', 'accepted', 'declined', 'confirmed'];

/* GET /applications/:id/offer as the OpenAPI document describes it (offer.repository's OfferView). */

export class OfferDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the offering school' }) schoolId!: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: "the school's place among the wishes (1 = first wish)",
  })
  wishRank!: number;
  @ApiProperty({
    enum: OFFER_STATUSES,
    description:
      'offered (awaiting the family), accepted or declined by the family, confirmed by the school (a learner in the register)',
  })
  status!: OfferStatus;
  @ApiProperty({ format: 'date-time' }) madeAt!: string;
}
