/**
 * Writes a demo PKI for signing học bạ: `node services/records/demo/dist/demo/cli/generate-pki.js
 * [folder]` (default services/records/.local/demo-pki, which git ignores). Keys are generated
 * at setup, never committed; run it again for fresh ones. The folder's pki.json lists the trust
 * anchors and the registered signers to configure, and the keys for the local signer.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoPki, writeDemoPki } from '../demo-pki';

async function main(): Promise<void> {
  const dir = resolve(
    process.argv[2] ?? join(__dirname, '..', '..', '..', '..', '.local', 'demo-pki'),
  );
  if (existsSync(join(dir, 'pki.json')) && process.env.DEMO_PKI_OVERWRITE !== 'true') {
    console.log(`${dir} already has a demo PKI (DEMO_PKI_OVERWRITE=true to replace it)`);
    return;
  }
  const pki = await generateDemoPki();
  const manifest = await writeDemoPki(pki, dir);
  console.log(`demo PKI written to ${dir}`);
  for (const s of manifest.registeredSigners)
    console.log(
      `  ${s.schoolId} ${s.role.padEnd(16)} ${s.name.padEnd(30)} sha256 ${s.certificateSha256}`,
    );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
