// Small progressive enhancements; every page works without JavaScript.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // A refused save: the summary of its errors takes the focus, so it is read out and seen first;
  // its links move the focus to the field itself (the link alone would only scroll).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const input = link && document.getElementById(link.hash.slice(1));
      if (!input) return;
      event.preventDefault();
      const label = input.closest("fieldset")?.querySelector("legend")
        || document.querySelector(`label[for='${input.id}']`) || input;
      label.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  // The language list submits on change; without JavaScript its button does.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // Irreversible steps ask first (mcm/core/confirm.py); without JavaScript the server asks
  // with a confirmation page instead.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      if (!form.querySelector("input[name='confirmed']")) {
        const confirmed = document.createElement("input");
        Object.assign(confirmed, { type: "hidden", name: "confirmed", value: "yes" });
        form.append(confirmed);
      }
    });
  }
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // A table wider than the screen scrolls sideways inside its wrapper. Let keyboard users reach
  // the wrapper to scroll it, named after its section's heading for screen readers.
  const wraps = document.querySelectorAll(".table-wrap");
  const markScrollingTables = () => {
    wraps.forEach((wrap, index) => {
      const hint = wrap.previousElementSibling?.classList.contains("table-hint")
        ? wrap.previousElementSibling : null;
      if (wrap.scrollWidth > wrap.clientWidth) {
        // Said in words too: the edge shadows alone are easy to miss.
        wrap.classList.add("table-wrap--scrolls");
        if (!hint) {
          const line = document.createElement("p");
          line.className = "table-hint";
          line.textContent = document.body.dataset.scrollHint;
          wrap.before(line);
        }
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        const heading = wrap.closest("section, main")?.querySelector("h1, h2");
        if (heading) {
          heading.id = heading.id || `table-heading-${index + 1}`;
          wrap.setAttribute("aria-labelledby", heading.id);
        }
      } else {
        wrap.classList.remove("table-wrap--scrolls");
        hint?.remove();
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-labelledby");
      }
    });
  };
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
});
