import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database on port 3000 with the first-start demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      importMaxBytes: 512 * 1024 * 1024,
      firstStartDemo: { enabled: true },
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads the demo switch and sizes', () => {
    expect(loadConfig({ ASUH_DEMO: 'off' }).firstStartDemo.enabled).toBe(false);
    expect(loadConfig({ ASUH_DEMO_ASN: '300', ASUH_DEMO_WORKERS: '500' }).firstStartDemo).toEqual({
      enabled: true,
      asn: 300,
      workers: 500,
    });
  });

  it('reads how many proxies to trust: on is one, off none', () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ ASUH_TRUST_PROXY: 'on' }).trustProxy).toBe(1);
    expect(loadConfig({ ASUH_TRUST_PROXY: 'off' }).trustProxy).toBe(0);
    expect(loadConfig({ ASUH_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ ASUH_TRUST_PROXY: 'yes' })).toThrow(/ASUH_TRUST_PROXY must be on, off/);
  });

  it('refuses a mistyped setting with the name of the variable', () => {
    expect(() => loadConfig({ ASUH_DEMO: 'maybe' })).toThrow(/Invalid configuration: ASUH_DEMO/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
  });
});
