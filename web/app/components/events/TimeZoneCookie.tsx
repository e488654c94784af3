import { useNonce } from '~/utils/nonce';

/**
 * Tells the server the reader's time zone for next time, so times can be shown in both the
 * event's zone and the reader's. A few lines, run as soon as the page arrives (no waiting for the
 * app to load); without JavaScript the server simply shows the event's own zone.
 */
const SCRIPT = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf('tz='+encodeURIComponent(z))<0){document.cookie='tz='+encodeURIComponent(z)+'; Path=/; Max-Age=31536000; SameSite=Lax';}}catch(e){}})();`;

export function TimeZoneCookie() {
  return <script nonce={useNonce()} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
