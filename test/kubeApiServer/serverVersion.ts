// The version the test API server claims. It matters beyond /version: the kubectl on PATH may be
// a dispatcher (Google Cloud SDK) that asks /version first and runs the kubectl release matching
// the server, so claiming 1.32 keeps the tests on the kubectl 1.32 the app is developed against.
export const serverVersionText = 'v1.32.4';

export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: serverVersionText,
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
