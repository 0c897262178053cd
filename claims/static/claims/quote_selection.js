/* Source page: select words in the body, then "Quote the selection" opens the new-quote form
   with the source, the offsets (Unicode code points, end exclusive) and the text filled in. */
"use strict";
(function () {
  const codePoints = (text) => Array.from(text).length;

  function offsetIn(container, node, offset) {
    // Code points of body text before (node, offset): the marks around quotes add no text.
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let total = 0;
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      if (current === node) return total + codePoints(current.data.slice(0, offset));
      total += codePoints(current.data);
    }
    return null;
  }

  function selectionIn(container) {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    const start = offsetIn(container, range.startContainer, range.startOffset);
    const end = offsetIn(container, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start, end, text: selection.toString() };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const container = document.querySelector(".source-body[data-add-quote-url]");
    if (!container) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button quote-selection";
    button.textContent = "Quote the selection";
    button.hidden = true;
    container.before(button);
    let picked = null;
    document.addEventListener("selectionchange", () => {
      picked = selectionIn(container);
      button.hidden = picked === null;
    });
    button.addEventListener("click", () => {
      if (!picked) return;
      const url = new URL(container.dataset.addQuoteUrl, window.location.href);
      url.searchParams.set("start", picked.start);
      url.searchParams.set("end", picked.end);
      url.searchParams.set("text", picked.text);
      window.location.assign(url.toString());
    });
  });
})();
