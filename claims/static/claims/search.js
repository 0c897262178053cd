// The search page never repeats what was searched for (claims/views.py): put it back into the form.
document.addEventListener("DOMContentLoaded", () => {
  const params = new URLSearchParams(window.location.search);
  for (const form of document.querySelectorAll("form.search-form, form.quick-search")) {
    for (const input of form.querySelectorAll("input[name]")) {
      if (params.has(input.name)) input.value = params.get(input.name);
    }
  }
});
