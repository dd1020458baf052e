import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { idempotentTransaction } from '@qn/service-kit';
import { FeeCatalogue, FeeItem } from '../obligations/domain/fees';
import { ItemBody, ProvinceCatalogueBody, SchoolCatalogueBody } from './catalogue-body';
import { itemToBody, toProvinceBody } from './catalogue-input';
import { CatalogueNotFound } from './catalogue-errors';

/**
 * Fee catalogue per school year: the province part plus each school's own items (a school's
 * item with the same code as a province item replaces it for that school). Every revision is
 * kept in history.
 */
@Injectable()
export class FeeCatalogueRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Stores a revision; the answer is the catalogue then in effect, recorded with the change. */
  put(schoolYear: string, scope: string, body: unknown, by: string, schoolIds: string[]) {
    return idempotentTransaction(this.ds, async (tx) => {
      const [row]: Array<{ revision: number }> = await tx.query(
        `INSERT INTO fee_catalogue (school_year, scope, body, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (school_year, scope) DO UPDATE SET body = EXCLUDED.body, revision = fee_catalogue.revision + 1,
           updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING revision`,
        [schoolYear, scope, JSON.stringify(body), by],
      );
      await tx.query(
        `INSERT INTO fee_catalogue_history (school_year, scope, revision, body, updated_by) VALUES ($1, $2, $3, $4, $5)`,
        [schoolYear, scope, row!.revision, JSON.stringify(body), by],
      );
      return this.effective(schoolYear, schoolIds, tx);
    });
  }

  /**
   * The catalogue that bills students of `schoolIds`: province part + those schools' items,
   * each restricted to its school. Undefined when the province has not set the year up.
   */
  async catalogueFor(
    schoolYear: string,
    schoolIds: string[],
    tx: EntityManager = this.ds.manager,
  ): Promise<FeeCatalogue | undefined> {
    const rows: Array<{ scope: string; body: ProvinceCatalogueBody & SchoolCatalogueBody }> =
      await tx.query(
        `SELECT scope, body FROM fee_catalogue WHERE school_year = $1 AND (scope = 'province' OR scope = ANY($2::text[]))`,
        [schoolYear, schoolIds],
      );
    const province = rows.find((r) => r.scope === 'province');
    if (!province) return undefined;
    const p = province.body;
    const toItem = (i: ItemBody, schoolIds?: string[]): FeeItem => ({
      ...i,
      amount: BigInt(i.amount),
      ...(schoolIds ? { schoolIds } : {}),
    });
    const schoolItems = rows.filter((r) => r.scope !== 'province');
    const overridden = (code: string) =>
      schoolItems.filter((r) => r.body.items.some((i) => i.code === code)).map((r) => r.scope);
    const items: FeeItem[] = [];
    for (const i of p.items) {
      // A school that overrides the item bills its own; the province item applies to the others.
      const over = overridden(i.code);
      if (over.length === 0) items.push(toItem(i));
      else {
        const others = schoolIds.filter((s) => !over.includes(s));
        if (others.length) items.push(toItem(i, others));
      }
    }
    // Codes must be unique in one catalogue: a school's own item is suffixed with its scope when two schools share a code.
    const seen = new Set(items.map((i) => i.code));
    for (const r of schoolItems)
      for (const i of r.body.items) {
        const code = seen.has(i.code) ? `${i.code}@${r.scope}` : i.code;
        seen.add(code);
        items.push({ ...toItem(i, [r.scope]), code });
      }
    return {
      province: p.province,
      schoolYear,
      calendar: p.calendar,
      tuition: {
        ...p.tuition,
        rates: p.tuition.rates.map((r) => ({ ...r, monthlyAmount: BigInt(r.monthlyAmount) })),
      },
      items,
    };
  }

  async effective(schoolYear: string, schoolIds: string[], tx: EntityManager = this.ds.manager) {
    const c = await this.catalogueFor(schoolYear, schoolIds, tx);
    if (!c)
      throw new CatalogueNotFound(`the province has not set the fee catalogue of ${schoolYear}`);
    return { ...toProvinceBody(c), schoolYear, items: c.items.map(itemToBody) };
  }
}
