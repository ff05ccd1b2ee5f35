/**
 * Svelte action for a box that can scroll (a wide table, a code block): while its content
 * overflows it is a named region in the tab order (tabindex="0", role="region", aria-label), so
 * a keyboard user can reach it and scroll it with the arrow keys and a screen reader names it;
 * when everything fits (a wide window) it is a plain box and adds no tab stop.
 */
export function scrollRegion(node: HTMLElement, label: string): { update(label: string): void; destroy(): void } {
  let name = label;
  const sync = () => {
    const scrolls = node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
    if (scrolls) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', name);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  // The box resizes with the window; its content (a table filled later) resizes on its own.
  const resize = new ResizeObserver(sync);
  resize.observe(node);
  const watchChildren = () => {
    for (const child of node.children) resize.observe(child);
  };
  watchChildren();
  const mutations = new MutationObserver(() => {
    watchChildren();
    sync();
  });
  mutations.observe(node, { childList: true });
  sync();
  return {
    update(next: string) {
      name = next;
      sync();
    },
    destroy() {
      resize.disconnect();
      mutations.disconnect();
    },
  };
}
