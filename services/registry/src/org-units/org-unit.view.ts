import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrgUnitKind, OrgUnitVersion, SchoolAttributes } from '@qn/contracts';
import { OrgUnitEntity } from './database/org-unit.entity';

/** An organisation unit as the API returns it. */
export class OrgUnitView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({
    type: String,
    description: 'province, commune, ward, special-zone, district, school',
  })
  kind: OrgUnitKind;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true }) parentId: string | null;
  @ApiProperty() validFrom: string;
  @ApiPropertyOptional({ nullable: true }) validTo: string | null;
  @ApiProperty({ type: [String] }) successorIds: string[];
  @ApiProperty() versions: OrgUnitVersion[];
  @ApiPropertyOptional({ nullable: true }) school: SchoolAttributes | null;
  @ApiProperty() revision: number;

  static of(e: OrgUnitEntity): OrgUnitView {
    return {
      id: e.id,
      code: e.code,
      kind: e.kind,
      name: e.name,
      parentId: e.parentId,
      validFrom: e.validFrom,
      validTo: e.validTo,
      successorIds: e.successorIds,
      versions: e.versions,
      school: e.school,
      revision: e.revision,
    };
  }
}
