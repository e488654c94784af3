import { useEffect, useState } from 'react';
import { Form, useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime } from '~/utils/i18n';
import { serviceWorkerReady } from '~/utils/offline';
import { isUnreachable, type Unreachable } from '~/utils/unreachable';
import { deviceNameFrom, isIosBrowserTab, keyBytes } from './device-name';

export interface Device {
  id: string;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

type Support = 'unknown' | 'ios-guide' | 'unsupported' | 'ready';
type Outcome = 'idle' | 'busy' | 'denied' | 'failed' | 'offline' | 'on';

/** What the tap came to, in words; written out key by key, so every key stays findable. */
function outcomeText(t: TFunction<'events'>, outcome: Outcome): string {
  switch (outcome) {
    case 'on':
      return t('devices.on');
    case 'denied':
      return t('devices.denied');
    case 'failed':
      return t('devices.failed');
    case 'offline':
      return t('actions.offline', { ns: 'chat' });
    default:
      return '';
  }
}

/**
 * "Turn on notifications on this device": registers the service worker, asks the browser's
 * permission only on this tap, subscribes with the VAPID key and hands the subscription (with the
 * device's name) to the page's action. Needs JavaScript, so it appears once the page runs; on iOS
 * outside an installed app it explains how to add the site to the home screen instead.
 */
export function TurnOnPush({ publicKey }: { publicKey: string | null }) {
  const { t } = useTranslation('events');
  const fetcher = useFetcher<{ deviceAdded?: boolean; errors?: unknown } | Unreachable>();
  const [support, setSupport] = useState<Support>('unknown');
  const [outcome, setOutcome] = useState<Outcome>('idle');
  const [name, setName] = useState('');

  useEffect(() => {
    setName(deviceNameFrom(navigator.userAgent));
    if (isIosBrowserTab()) setSupport('ios-guide');
    else if (!publicKey || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) setSupport('unsupported');
    else setSupport('ready');
  }, [publicKey]);

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    setOutcome(isUnreachable(fetcher.data) ? 'offline' : fetcher.data.deviceAdded ? 'on' : 'failed');
  }, [fetcher.state, fetcher.data]);

  async function turnOn() {
    if (!publicKey) return;
    setOutcome('busy');
    try {
      // The question comes now, after the tap, never when the page opens.
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setOutcome('denied');
        return;
      }
      const registration = await serviceWorkerReady();
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      const json = subscription.toJSON();
      fetcher.submit(
        { intent: 'add-device', endpoint: json.endpoint ?? '', p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '', name: name.trim() },
        { method: 'post' },
      );
    } catch {
      setOutcome('failed');
    }
  }

  if (support === 'unknown') return null;
  if (support === 'ios-guide') {
    return (
      <div className="notice" data-testid="ios-install-guide">
        <p>
          <strong>{t('devices.iosTitle')}</strong>
        </p>
        <ol>
          <li>{t('devices.iosStep1')}</li>
          <li>{t('devices.iosStep2')}</li>
          <li>{t('devices.iosStep3')}</li>
        </ol>
      </div>
    );
  }
  if (support === 'unsupported') return <p className="muted">{t('devices.unsupported')}</p>;
  return (
    <div className="push-turn-on" data-testid="push-turn-on">
      <div className="field">
        <label htmlFor="device-name">{t('devices.nameLabel')}</label>
        <input id="device-name" type="text" maxLength={80} value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
        <p className="field__hint">{t('devices.nameHint')}</p>
      </div>
      <button type="button" className="button" onClick={() => void turnOn()} disabled={outcome === 'busy' || fetcher.state !== 'idle' || !name.trim()}>
        {t('devices.turnOn')}
      </button>
      <p role="status" data-testid="push-outcome">
        {outcomeText(t, outcome)}
      </p>
    </div>
  );
}

/** My devices, each removable with a plain form (no JavaScript needed). */
export function DeviceList({ devices }: { devices: Device[] }) {
  const { t, i18n } = useTranslation('events');
  if (devices.length === 0) return <p className="muted">{t('devices.none')}</p>;
  return (
    <ul className="device-list" data-testid="device-list">
      {devices.map((device) => {
        const name = device.name ?? t('devices.unnamed');
        return (
          <li key={device.id} className="device-list__item" data-testid="device">
            <span className="device-list__name">{name}</span>
            <span className="muted">
              {device.lastUsedAt ? t('devices.lastUsed', { date: formatDateTime(device.lastUsedAt, i18n.language, 'UTC') + ' UTC' }) : t('devices.neverUsed')}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="remove-device" />
              <input type="hidden" name="id" value={device.id} />
              <button type="submit" className="link-button">
                {t('devices.remove')}
                <span className="visually-hidden"> {name}</span>
              </button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
