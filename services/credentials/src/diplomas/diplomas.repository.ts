import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A credential as issued: the signed document and the hash its QR link carries. */
export interface IssuedCredential {
  document: object;
  hash: string;
}

@Injectable()
export class DiplomasRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async credential(credentialId: string): Promise<IssuedCredential | undefined> {
    const [row]: IssuedCredential[] = await this.ds.query(
      `SELECT document, credential_hash AS hash FROM credential WHERE id = $1`,
      [credentialId],
    );
    return row;
  }
}
