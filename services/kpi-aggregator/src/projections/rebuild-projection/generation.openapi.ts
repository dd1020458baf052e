import { ApiProperty } from '@nestjs/swagger';

/* GET /projections as the OpenAPI document describes it (GenerationStatus of the service). */

export class GenerationStatusDoc {
  @ApiProperty() generation!: number;
  @ApiProperty({ description: 'active, building…' }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty() eventsApplied!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastEventAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastAppliedAt!: string | null;
  @ApiProperty({ description: 'Events held for unknown org units.' }) parked!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Events on the projection's topics not yet applied.",
  })
  lag!: number | null;
}

export class ProjectionsDoc {
  @ApiProperty({ type: [GenerationStatusDoc] }) generations!: GenerationStatusDoc[];
}
