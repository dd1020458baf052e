import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';
import { current, OrgUnitState } from '../domain/org-unit';

export interface OrgUnitQuery {
  parentId?: string;
  kind?: string;
  code?: string;
  /** Only units in force on this date. */
  asOf?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class OrgUnitRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findById(id: string, tx: EntityManager = this.ds.manager): Promise<OrgUnitEntity | null> {
    return tx.findOne(OrgUnitEntity, { where: { id } });
  }

  /** Locks the row for the rest of the transaction, so concurrent changes apply one after another. */
  findForUpdate(id: string, tx: EntityManager): Promise<OrgUnitEntity | null> {
    return tx.findOne(OrgUnitEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(ids: string[], tx: EntityManager = this.ds.manager): Promise<OrgUnitEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.createQueryBuilder(OrgUnitEntity, 'u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  async save(state: OrgUnitState, tx: EntityManager): Promise<OrgUnitEntity> {
    const now = current(state);
    const row = tx.create(OrgUnitEntity, {
      ...state,
      name: now.name,
      parentId: now.parentId,
      updatedAt: new Date(),
    });
    return tx.save(OrgUnitEntity, row);
  }

  async list(q: OrgUnitQuery): Promise<{ items: OrgUnitEntity[]; total: number }> {
    const qb = this.ds.manager.createQueryBuilder(OrgUnitEntity, 'u');
    if (q.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: q.parentId });
    if (q.kind) qb.andWhere('u.kind = :kind', { kind: q.kind });
    if (q.code) qb.andWhere('u.code = :code', { code: q.code.toUpperCase() });
    if (q.asOf) qb.andWhere('u.valid_from <= :asOf AND (u.valid_to IS NULL OR u.valid_to > :asOf)', { asOf: q.asOf });
    const [items, total] = await qb.orderBy('u.code').take(q.limit).skip(q.offset).getManyAndCount();
    return { items, total };
  }

  /** Ancestor ids of a unit on a date (parent first), walking the dated versions. */
  async ancestorsOf(id: string, asOf: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT (v->>'parentId')::uuid, 1 FROM org_unit u, jsonb_array_elements(u.versions) v
          WHERE u.id = $1 AND (v->>'validFrom') <= $2 AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2)
         UNION ALL
         SELECT (v->>'parentId')::uuid, up.depth + 1 FROM up JOIN org_unit u ON u.id = up.id, jsonb_array_elements(u.versions) v
          WHERE (v->>'validFrom') <= $2 AND ((v->>'validTo') IS NULL OR (v->>'validTo') > $2) AND up.depth < 10
       )
       SELECT id FROM up WHERE id IS NOT NULL ORDER BY depth`,
      [id, asOf],
    );
    return rows.map((r) => r.id);
  }
}
