import { isLoopbackHost, loadConfig } from './config.js';

describe('where the API listens and whether demo accounts are made', () => {
  it('listens on loopback by default and seeds the demo on the embedded database there', () => {
    const config = loadConfig({});
    expect(config.apiHost).toBe('127.0.0.1');
    expect(config.seedDemo).toBe(true);
  });

  it('never seeds demo accounts beyond loopback unless SEED_DEMO=true is set', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).apiHost).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).seedDemo).toBe(false);
    expect(loadConfig({ API_HOST: '192.168.1.5' }).seedDemo).toBe(false);
    // The web shares HOST: a web server reachable from the network proxies the API too.
    expect(loadConfig({ HOST: '0.0.0.0', API_HOST: '127.0.0.1' }).seedDemo).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('knows which addresses are loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.2', 'example.org'].some(isLoopbackHost)).toBe(false);
  });
});

describe('e-mail', () => {
  it('is off without SMTP_URL, and refuses a URL that is not smtp:// or smtps://', () => {
    expect(loadConfig({}).email).toBeNull();
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/smtp/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', PUBLIC_URL: 'https://sorstars.example.org/' }).email).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      from: 'Sorstárs <no-reply@sorstars.example.org>',
      publicUrl: 'https://sorstars.example.org',
      linkSecret: null,
    });
  });
});

describe('chat sends under load', () => {
  it('wait 50 ms for a place by default, 0 refuses at once, and odd values fall back or are capped', () => {
    const wait = (value?: string) => loadConfig(value === undefined ? {} : { CHAT_SEND_WAIT_MS: value }).chatSendWaitMs;
    expect(wait()).toBe(50);
    expect(wait('0')).toBe(0);
    expect(wait(' 00 ')).toBe(0);
    expect(wait('20')).toBe(20);
    expect(wait('5000')).toBe(1000);
    for (const odd of ['-5', 'abc', '1e3', '0.5', '', '99999999999']) expect(wait(odd)).toBe(50);
  });
});
