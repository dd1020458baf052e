import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { CredentialsConfig } from '../config';
import { ISSUER_KEY_STORE, type IssuerKeyStore } from '../shared/issuer-keys/issuer-key-store';
import {
  issuerControllerDocument,
  type IssuerKeyPair,
} from '../shared/verifiable-credentials/issuer-keys';

/** An issuing authority as verifiers see it. */
export interface TrustedIssuer {
  authorityId: string;
  issuerIri: string;
  name: string;
  controllerDocument: object;
}

/**
 * The issuers this service trusts (cơ quan cấp văn bằng: the department and the communes) and
 * their public keys: the trust list every verification consults, and what `/issuers/:id`
 * publishes. An authority enters it with its first signing key; keys are never deleted, so a
 * diploma stays verifiable after its key is retired.
 */
@Injectable()
export class AuthorityRegistry {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ISSUER_KEY_STORE) private readonly keys: IssuerKeyStore,
    @Inject(SERVICE_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  issuerIriOf(authorityId: string): string {
    return `${this.config.CREDENTIALS_PUBLIC_URL}/issuers/${authorityId}`;
  }

  /** The authority's signing key, its public half registered in the trust list (in `tx`). */
  async signingKey(
    tx: EntityManager,
    authority: { orgUnitId: string; name: string },
  ): Promise<IssuerKeyPair> {
    const iri = this.issuerIriOf(authority.orgUnitId);
    const key = await this.keys.keyFor(authority.orgUnitId, iri);
    // One issuing transaction per authority at a time, until commit: two first approvals of the
    // same authority at once would otherwise both insert it (ON CONFLICT (id) does not cover the
    // issuer IRI's unique key) and both open its first status lists, failing one with a 500.
    // Issuings of a kind already wait for each other on its serial counter.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `credentials:issuing-authority:${authority.orgUnitId}`,
    ]);
    await tx.query(
      `INSERT INTO issuing_authority (id, name, issuer_iri) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE issuing_authority.name <> EXCLUDED.name`,
      [authority.orgUnitId, authority.name.normalize('NFC'), iri],
    );
    await tx.query(
      `INSERT INTO authority_key (verification_method_id, authority_id, public_key_multibase)
       VALUES ($1, $2, $3) ON CONFLICT (verification_method_id) DO NOTHING`,
      [key.verificationMethodId, authority.orgUnitId, key.publicKeyMultibase],
    );
    return key;
  }

  /** The signing key of an authority that has issued before (its status lists, new versions). */
  async signingKeyOf(tx: EntityManager, authorityId: string): Promise<IssuerKeyPair> {
    const [a]: Array<{ name: string }> = await tx.query(
      `SELECT name FROM issuing_authority WHERE id = $1`,
      [authorityId],
    );
    if (!a) throw new Error('the authority has issued nothing');
    return this.signingKey(tx, { orgUnitId: authorityId, name: a.name });
  }

  /** The trusted issuer a verification method belongs to, or undefined (not ours, unknown key). */
  async byVerificationMethod(verificationMethodId: string): Promise<TrustedIssuer | undefined> {
    const [row]: Array<{ authorityId: string }> = await this.ds.query(
      `SELECT authority_id AS "authorityId" FROM authority_key WHERE verification_method_id = $1`,
      [verificationMethodId],
    );
    return row ? this.byAuthority(row.authorityId) : undefined;
  }

  /** The authority's controller document (every key it ever had), or undefined. */
  async byAuthority(authorityId: string): Promise<TrustedIssuer | undefined> {
    const rows: Array<{ name: string; iri: string; vm: string | null; pk: string | null }> =
      await this.ds.query(
        `SELECT a.name, a.issuer_iri AS iri, k.verification_method_id AS vm, k.public_key_multibase AS pk
           FROM issuing_authority a LEFT JOIN authority_key k ON k.authority_id = a.id
          WHERE a.id = $1 ORDER BY k.activated_at`,
        [authorityId],
      );
    if (rows.length === 0) return undefined;
    const keys = rows
      .filter((r) => r.vm && r.pk)
      .map((r) => ({ verificationMethodId: r.vm!, publicKeyMultibase: r.pk! }));
    return {
      authorityId,
      issuerIri: rows[0].iri,
      name: rows[0].name,
      controllerDocument: issuerControllerDocument(rows[0].iri, rows[0].name, keys),
    };
  }
}
