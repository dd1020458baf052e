// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata polyfill loaded first: every module of ours imports x509 from here, never directly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's webcrypto is the WebCrypto the library expects; their type declarations differ
// (Node's and the DOM's), hence the cast.
x509.cryptoProvider.set(webcrypto as never);

export { x509 };
