import { createContext, useContext } from 'react';

/**
 * This request's Content-Security-Policy nonce (made in web/security.js), for the inline scripts
 * the server renders. In the browser it is empty: scripts React adds there are not run anyway.
 */
const NonceContext = createContext('');
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
