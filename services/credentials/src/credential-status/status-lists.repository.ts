import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../config';
import { STATUS_SLOTS, statusIndexOfSlot } from '../issuance/domain/register-numbers';
import type { IssuerKeyPair } from '../shared/verifiable-credentials/issuer-keys';
import { signCredential } from '../shared/verifiable-credentials/sign-credential';
import {
  buildStatusListCredential,
  getStatusBit,
  newStatusListBits,
  setStatusBit,
} from '../shared/verifiable-credentials/status-list';

export type StatusPurpose = 'revocation' | 'suspension';

/** Where one credential's status lives: the same index in its authority's two lists. */
export interface StatusSlot {
  revocationListId: string;
  suspensionListId: string;
  revocationUrl: string;
  suspensionUrl: string;
  index: number;
}

interface ListRow {
  id: string;
  purpose: StatusPurpose;
  sequence: number;
  allocated: number;
}

/**
 * The authorities' Bitstring Status Lists (131,072 entries each): one for revocation and one for
 * suspension, allocated in step so a credential has the same index in both. A list's signed
 * credential is stored with its bits and served as is; every change re-signs it.
 */
@Injectable()
export class StatusListsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  urlOf(listId: string): string {
    return `${this.config.CREDENTIALS_PUBLIC_URL}/status-lists/${listId}`;
  }

  /** The list id a status list URL of this service names, or undefined. */
  idOfUrl(url: string): string | undefined {
    const prefix = `${this.config.CREDENTIALS_PUBLIC_URL}/status-lists/`;
    if (!url.startsWith(prefix)) return undefined;
    const id = url.slice(prefix.length);
    return /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
  }

  /**
   * `n` status slots for the authority's new credentials, inside the issuing transaction (the
   * lists' rows stay locked until it ends, so two issuings never share a slot). Opens the
   * authority's next pair of lists when the current one is full.
   */
  async allocate(
    tx: EntityManager,
    authorityId: string,
    key: IssuerKeyPair,
    n: number,
    at: Date,
  ): Promise<StatusSlot[]> {
    const slots: StatusSlot[] = [];
    while (slots.length < n) {
      let pair = await this.currentPair(tx, authorityId);
      if (!pair || pair.revocation.allocated >= STATUS_SLOTS)
        pair = await this.openPair(tx, authorityId, key, (pair?.revocation.sequence ?? 0) + 1, at);
      const take = Math.min(n - slots.length, STATUS_SLOTS - pair.revocation.allocated);
      for (let i = 0; i < take; i++) {
        const index = statusIndexOfSlot(pair.revocation.allocated + i);
        slots.push({
          revocationListId: pair.revocation.id,
          suspensionListId: pair.suspension.id,
          revocationUrl: this.urlOf(pair.revocation.id),
          suspensionUrl: this.urlOf(pair.suspension.id),
          index,
        });
      }
      await tx.query(
        `UPDATE status_list SET allocated = allocated + $2 WHERE id = ANY($1::uuid[])`,
        [[pair.revocation.id, pair.suspension.id], take],
      );
    }
    return slots;
  }

  private async currentPair(tx: EntityManager, authorityId: string) {
    const rows: ListRow[] = await tx.query(
      `SELECT id, purpose, sequence, allocated FROM status_list
        WHERE authority_id = $1 AND sequence = (SELECT max(sequence) FROM status_list WHERE authority_id = $1)
        FOR UPDATE`,
      [authorityId],
    );
    const revocation = rows.find((r) => r.purpose === 'revocation');
    const suspension = rows.find((r) => r.purpose === 'suspension');
    return revocation && suspension ? { revocation, suspension } : undefined;
  }

  private async openPair(
    tx: EntityManager,
    authorityId: string,
    key: IssuerKeyPair,
    sequence: number,
    at: Date,
  ) {
    const make = async (purpose: StatusPurpose): Promise<ListRow> => {
      const id = uuidv7();
      const bits = newStatusListBits();
      const credential = await this.signedList(id, purpose, key, bits, at);
      await tx.query(
        `INSERT INTO status_list (id, authority_id, purpose, sequence, bits, credential, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, authorityId, purpose, sequence, Buffer.from(bits), credential, at],
      );
      return { id, purpose, sequence, allocated: 0 };
    };
    // Two issuings opening the same sequence at once: the unique key makes one of them retry.
    return { revocation: await make('revocation'), suspension: await make('suspension') };
  }

  private async signedList(
    id: string,
    purpose: StatusPurpose,
    key: IssuerKeyPair,
    bits: Uint8Array,
    at: Date,
  ): Promise<object> {
    const unsigned = await buildStatusListCredential({
      url: this.urlOf(id),
      purpose,
      issuerIri: key.issuerIri,
      validFrom: at.toISOString(),
      bits,
    });
    return signCredential(unsigned, key, { created: at });
  }

  /**
   * Sets or clears one credential's bit and re-signs the list (in `tx`, the list row locked).
   * Returns whether the bit changed.
   */
  async setStatus(
    tx: EntityManager,
    listId: string,
    index: number,
    value: boolean,
    key: IssuerKeyPair,
    at: Date,
  ): Promise<boolean> {
    const [row]: Array<{ bits: Buffer; purpose: StatusPurpose }> = await tx.query(
      `SELECT bits, purpose FROM status_list WHERE id = $1 FOR UPDATE`,
      [listId],
    );
    if (!row) throw new Error('status list not found');
    const bits = new Uint8Array(row.bits);
    if (getStatusBit(bits, index) === value) return false;
    setStatusBit(bits, index, value);
    const credential = await this.signedList(listId, row.purpose, key, bits, at);
    await tx.query(
      `UPDATE status_list SET bits = $2, credential = $3, updated_at = $4 WHERE id = $1`,
      [listId, Buffer.from(bits), credential, at],
    );
    return true;
  }

  /** The signed status list credential as served, or undefined. */
  async credential(listId: string): Promise<{ credential: object; updatedAt: Date } | undefined> {
    const [row]: Array<{ credential: object; updatedAt: Date }> = await this.ds.query(
      `SELECT credential, updated_at AS "updatedAt" FROM status_list WHERE id = $1`,
      [listId],
    );
    return row;
  }
}
