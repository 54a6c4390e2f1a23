// While a CrossCheck is queued or running, the page reloads itself every few seconds to show its
// progress (the <script> tag's data-seconds). A meta refresh would do it without script, but it
// cannot be stopped (WCAG 2.2.1): this one offers a button to stop it, and waits while the reader
// is typing in a form or has opened a part of the page, so that nothing they entered is lost.
// Without script, the <noscript> meta refresh beside this tag does the reloading.
"use strict";
(() => {
  const seconds = Number(document.currentScript.dataset.seconds);
  let stopped = false;
  // Only a <details> the reader opened counts (a click on its summary, by mouse or keyboard):
  // one the page opens for them, an explanation shown by default, would stop the reloading.
  const touched = new Set();
  document.addEventListener("click", (event) => {
    const details = event.target.closest?.("summary")?.parentElement;
    if (details instanceof HTMLDetailsElement) touched.add(details);
  });
  const busy = () =>
    Boolean(document.activeElement?.closest("form") || [...touched].some((details) => details.open));
  const reload = () => {
    if (stopped) return;
    if (busy()) setTimeout(reload, seconds * 1000);
    else window.location.reload();
  };
  document.addEventListener("DOMContentLoaded", () => {
    const stop = document.createElement("button");
    stop.type = "button";
    stop.textContent = "Stop reloading this page";
    stop.addEventListener("click", () => {
      stopped = true;
      stop.disabled = true;
      stop.textContent = "Reloading stopped: reload the page to see the checks' progress";
    });
    const holder = document.createElement("p");
    holder.className = "refresh";
    holder.append(stop);
    document.querySelector("main").prepend(holder);
    setTimeout(reload, seconds * 1000);
  });
})();
