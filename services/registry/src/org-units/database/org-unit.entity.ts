import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrgUnitKind, OrgUnitVersion, SchoolAttributes } from '@qn/contracts';

/** Row of `org_unit`. `parent_id` and `name` mirror the current version for queries. */
@Entity({ name: 'org_unit' })
export class OrgUnitEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') kind: OrgUnitKind;
  @Column('text') name: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('uuid', { name: 'successor_ids', array: true }) successorIds: string[];
  @Column('jsonb') versions: OrgUnitVersion[];
  @Column('jsonb', { nullable: true }) school: SchoolAttributes | null;
  @Column('integer') revision: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
