// A throwaway TLS certificate for the test API server, built with node:crypto alone.
//
// Why TLS at all: kubectl (client-go clientcmd) attaches a kubeconfig user's bearer token only
// when the server URL is https, so over plain http every request would arrive anonymous and the
// 'test-admin' / 'test-viewer' identities could not be told apart. Node can sign but cannot
// build an X.509 certificate, so this file writes the few DER structures by hand instead of
// shelling out to openssl or committing a private key.
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';

export interface SelfSignedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/** A P-256 certificate for 127.0.0.1 and localhost, its own CA, valid for one day. */
export function createSelfSignedCertificate(commonName = 'netpol-designer-test-apiserver'): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));
  const now = Date.now();
  const subjectAlternativeNames = sequence(
    contextPrimitive(7, Buffer.from([127, 0, 0, 1])),
    contextPrimitive(2, Buffer.from('localhost', 'ascii')),
  );
  const extensions = sequence(
    extension('2.5.29.19', true, sequence(boolean(true))), // basicConstraints CA:true, so it can be its own root
    extension('2.5.29.15', true, bitString(Buffer.from([0x84]))), // keyUsage: digitalSignature, keyCertSign
    extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.17', false, subjectAlternativeNames),
  );
  const toBeSigned = sequence(
    contextConstructed(0, integer(Buffer.from([2]))), // X.509 v3
    integer(positiveSerialNumber()),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 60 * 60 * 1000)), utcTime(new Date(now + 24 * 60 * 60 * 1000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    contextConstructed(3, extensions),
  );
  const signature = sign('sha256', toBeSigned, privateKey);
  const certificateDer = sequence(toBeSigned, ecdsaWithSha256, bitString(signature));
  const certificatePem = pem('CERTIFICATE', certificateDer);
  new X509Certificate(certificatePem); // fails fast here, not inside a TLS handshake, if the DER is wrong
  return { certificatePem, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function positiveSerialNumber(): Buffer {
  const bytes = Buffer.from(Array.from({ length: 8 }, () => Math.floor(Math.random() * 256)));
  bytes[0] = (bytes[0] ?? 0) & 0x7f | 0x01; // positive and without a leading zero byte
  return bytes;
}

function tagLengthValue(tag: number, value: Buffer): Buffer {
  const length = value.length;
  let lengthBytes: Buffer;
  if (length < 0x80) lengthBytes = Buffer.from([length]);
  else {
    const digits: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
    lengthBytes = Buffer.from([0x80 | digits.length, ...digits]);
  }
  return Buffer.concat([Buffer.from([tag]), lengthBytes, value]);
}

const sequence = (...items: Buffer[]): Buffer => tagLengthValue(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tagLengthValue(0x31, Buffer.concat(items));
const integer = (bytes: Buffer): Buffer => tagLengthValue(0x02, bytes);
const boolean = (value: boolean): Buffer => tagLengthValue(0x01, Buffer.from([value ? 0xff : 0]));
const bitString = (bytes: Buffer): Buffer => tagLengthValue(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer): Buffer => tagLengthValue(0x04, bytes);
const utf8String = (text: string): Buffer => tagLengthValue(0x0c, Buffer.from(text, 'utf8'));
const contextPrimitive = (tagNumber: number, bytes: Buffer): Buffer => tagLengthValue(0x80 | tagNumber, bytes);
const contextConstructed = (tagNumber: number, content: Buffer): Buffer => tagLengthValue(0xa0 | tagNumber, content);

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'; // YYMMDDHHMMSSZ
  return tagLengthValue(0x17, Buffer.from(text, 'ascii'));
}

function objectIdentifier(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let high = arc >> 7; high > 0; high >>= 7) base128.unshift((high & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tagLengthValue(0x06, Buffer.from(bytes));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}
