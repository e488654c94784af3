/**
 * Whether `to` is the page at `pathname` or (unless `end`) one below it, as <NavLink> decides
 * which link is the current page: case-insensitive, and only at a whole segment.
 */
export function isCurrentPath(pathname: string, to: string, end = false): boolean {
  const here = pathname.toLowerCase();
  const there = to.toLowerCase();
  if (here === there) return true;
  return !end && there !== '/' && here.startsWith(`${there}/`);
}
