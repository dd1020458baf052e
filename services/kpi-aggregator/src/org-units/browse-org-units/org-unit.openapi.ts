import { ApiProperty } from '@nestjs/swagger';

/*
 * An org unit of the replica as GET /org-units… answers it (the registry's
 * `registry.org-unit.changed` v1 data), for the OpenAPI document: the fields a client reads.
 */
export class OrgUnitDoc {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'province, commune, ward, special-zone, district, school' })
  kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId!: string | null;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) validTo!: string | null;
}
