/* Review form: the rating list offers only the chosen scale's ratings. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const scale = document.getElementById("id_scale");
  const rating = document.getElementById("id_rating");
  if (!scale || !rating) return;
  function offer() {
    for (const option of rating.options) {
      if (!option.value) continue;
      const own = scale.value !== "" && option.dataset.scale === scale.value;
      option.hidden = option.disabled = !own;
      if (!own && option.selected) rating.value = "";
    }
    rating.disabled = scale.value === "";
  }
  scale.addEventListener("change", offer);
  offer();
  // A disabled select sends nothing: enable it again for the save.
  rating.form.addEventListener("submit", () => { rating.disabled = false; });
});
