import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';
import { current, OrgUnitState } from '../domain/org-unit';
import { DuplicateOrgUnitCode } from '../domain/org-unit-errors';

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

  /** The units with these codes (upper-case, as stored). */
  findByCodes(codes: string[], tx: EntityManager = this.ds.manager): Promise<OrgUnitEntity[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return tx
      .createQueryBuilder(OrgUnitEntity, 'u')
      .where('u.code = ANY(:codes)', { codes })
      .getMany();
  }

  /** Inserts new units, a few hundred rows per statement (a batch import). */
  async insertMany(states: OrgUnitState[], tx: EntityManager): Promise<void> {
    const now = new Date();
    for (let i = 0; i < states.length; i += 500) {
      const rows = states.slice(i, i + 500).map((state) => {
        const version = current(state);
        return { ...state, name: version.name, parentId: version.parentId, updatedAt: now };
      });
      await tx.insert(OrgUnitEntity, rows);
    }
  }

  /** The domain state of a stored unit. */
  static toState(e: OrgUnitEntity): OrgUnitState {
    const { id, code, kind, validFrom, validTo, successorIds, versions, school, revision } = e;
    return { id, code, kind, validFrom, validTo, successorIds, versions, school, revision };
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
    if (q.asOf)
      qb.andWhere('u.valid_from <= :asOf AND (u.valid_to IS NULL OR u.valid_to > :asOf)', {
        asOf: q.asOf,
      });
    const [items, total] = await qb
      .orderBy('u.code')
      .take(q.limit)
      .skip(q.offset)
      .getManyAndCount();
    return { items, total };
  }
}

/** Rethrows a unique violation on saving a unit as the code already in use; anything else as is. */
export function rethrowDuplicateCode(err: unknown): never {
  if (typeof err === 'object' && err && (err as { code?: string }).code === '23505')
    throw new DuplicateOrgUnitCode();
  throw err;
}
