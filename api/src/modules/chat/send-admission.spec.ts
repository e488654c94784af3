import { AppError } from '../../core/errors/app-error.js';
import { SendAdmission } from './send-admission.js';

describe('SendAdmission', () => {
  it('lets `max` sends run at once and refuses the next with BUSY and a retry hint', async () => {
    const admission = new SendAdmission(2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = [admission.run(() => gate.then(() => 'a')), admission.run(() => gate.then(() => 'b'))];
    const refused = await admission.run(async () => 'c').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('BUSY');
    expect((refused as AppError).options.retryAfterMs).toBeGreaterThanOrEqual(250);
    expect((refused as AppError).options.retryAfterMs).toBeLessThan(500);
    release();
    await expect(Promise.all(running)).resolves.toEqual(['a', 'b']);
    // Room again once they finished, also after a failure.
    await expect(admission.run(async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    await expect(admission.run(async () => 'd')).resolves.toBe('d');
  });
});
