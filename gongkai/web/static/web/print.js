// The print view's 打印本页 button: hidden in the HTML, shown here, as it needs a script to work
// (without one, the browser's own print command prints the same page). print.css hides it on paper.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
