/* The one way the inbox builds the page: text always goes in as text, never as HTML. */
/* global document */

/** An element with attributes and children; text always goes in as text, never as HTML. */
export function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
