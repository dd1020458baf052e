import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput, PROVINCE_TIME_ZONE, provinceDate } from '@qn/contracts';
import { isIsoDate } from '../../shared/money';

@Injectable()
export class DailyReportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Báo cáo đối soát ngày: money received by channel, cashless shares, imports and exceptions of a day. */
  async daily(date: string) {
    if (!isIsoDate(date))
      throw new InvalidInput([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
    const day = `(received_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date`;
    const byChannel: Array<{ channel: string; count: number; amount: string }> =
      await this.ds.query(
        `SELECT channel, count(*)::int AS count, sum(amount)::text AS amount FROM payment WHERE ${day} GROUP BY channel ORDER BY channel`,
        [date],
      );
    let total = 0n;
    let cashless = 0n;
    let count = 0;
    let cashlessCount = 0;
    for (const c of byChannel) {
      total += BigInt(c.amount);
      count += c.count;
      if (c.channel !== 'cash') {
        cashless += BigInt(c.amount);
        cashlessCount += c.count;
      }
    }
    const imports = await this.ds.query(
      `SELECT id, account_number AS "accountNumber", lines, rejected_lines AS "rejectedLines", summary, imported_by AS "importedBy", imported_at AS "importedAt"
         FROM statement_import WHERE (imported_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date ORDER BY imported_at`,
      [date],
    );
    const exceptions = await this.ds.query(
      `SELECT source, kind, count(*)::int AS opened, count(*) FILTER (WHERE status = 'open')::int AS "stillOpen"
         FROM payment_exception WHERE (created_at AT TIME ZONE '${PROVINCE_TIME_ZONE}')::date = $1::date GROUP BY source, kind ORDER BY source, kind`,
      [date],
    );
    const [{ open }] = await this.ds.query(
      `SELECT count(*)::int AS open FROM payment_exception WHERE status = 'open'`,
    );
    // Shares in basis points (10000 = 100 %), rounded half up, so no float decides a KPI.
    const bp = (part: bigint, whole: bigint) =>
      whole === 0n ? null : Number((2n * part * 10_000n + whole) / (2n * whole));
    return {
      date,
      timeZone: PROVINCE_TIME_ZONE,
      generatedOn: provinceDate(),
      currency: 'VND',
      received: { count, amount: total.toString(), byChannel },
      cashlessShareByAmountBasisPoints: bp(cashless, total),
      cashlessShareByCountBasisPoints: bp(BigInt(cashlessCount), BigInt(count)),
      statementImports: imports,
      exceptionsOpened: exceptions,
      exceptionsOpenInTotal: open,
    };
  }
}
