/**
 * `nx g @qn/workspace-plugin:service <name>`: a new service in the platform's standard shape
 * (module, config, migrations, README, smoke test) plus the entries outside its folder that a
 * service needs: its name in the contracts' platform services (Kafka principal, PostgreSQL role
 * and schema), a principal on the local broker, a port and start-up in `npm start`, and the
 * root build. The generated service passes lint and its own smoke test as it stands.
 */
import { formatFiles, generateFiles, names, type Tree, updateJson } from '@nx/devkit';
import { join } from 'node:path';
import {
  addPlatformService,
  addPrincipal,
  addStartedService,
  nextPort,
} from './workspace-entries.ts';

export interface ServiceGeneratorSchema {
  name: string;
  title?: string;
  description?: string;
  port?: number;
}

export default async function serviceGenerator(tree: Tree, options: ServiceGeneratorSchema) {
  const name = options.name;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))
    throw new Error(`service name must be kebab case (e.g. records), got '${name}'`);
  const root = `services/${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  const n = names(name);
  const title = options.title ?? n.className.replace(/([a-z])([A-Z])/g, '$1 $2');
  const platformScript = tree.read('scripts/platform.sh', 'utf-8') ?? '';
  const port = options.port ?? nextPort(platformScript);

  generateFiles(tree, join(import.meta.dirname, 'files'), root, {
    ...n,
    name,
    title,
    description: options.description ?? `${title}: what this service owns, in one sentence.`,
    port,
    schema: name.replace(/-/g, '_'),
    tmpl: '',
  });

  const catalog = 'libs/contracts/src/platform-catalog.ts';
  tree.write(catalog, addPlatformService(tree.read(catalog, 'utf-8') ?? '', n.propertyName, name));
  const kafka = 'deploy/kafka/local-kafka.sh';
  tree.write(kafka, addPrincipal(tree.read(kafka, 'utf-8') ?? '', name));
  tree.write('scripts/platform.sh', addStartedService(platformScript, name, port));
  updateJson(tree, 'tsconfig.build.json', (json) => {
    const ref = { path: `${root}/tsconfig.build.json` };
    json.references = [...json.references, ref];
    return json;
  });
  await formatFiles(tree);
}
