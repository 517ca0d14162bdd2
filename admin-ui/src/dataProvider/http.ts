import { fetchUtils } from 'react-admin';

/**
 * Every console request: same-origin JSON with the session cookie. A non-2xx answer rejects with react-admin's
 * `HttpError(message, status, body)`, where `message` is the server's own message and `body.code` its error code.
 */
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  return fetchUtils.fetchJson(url, { credentials: 'include', ...options });
}
