// Keyboard and screen-reader fixes to mdBook's pages that need a script (the ones in its markup
// are in index.hbs beside this file; xtask/src/browser/theme.rs lists them). `cargo xtask
// browser` runs axe-core on every page in every theme and at a phone's width to keep them fixed.
(function accessibility() {
    'use strict';

    // The sidebar toggle is a <label role="button" tabindex="0"> (index.hbs): Enter and Space
    // click it, as they would a <button>.
    const toggle = document.getElementById('mdbook-sidebar-toggle');
    if (toggle) {
        toggle.addEventListener('keydown', e => {
            if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                toggle.click();
            }
        });
    }

    // Every block that scrolls (a long code line, a wide output or table) can be reached with
    // Tab and scrolled with the arrow keys (WCAG 2.1.1; axe: scrollable-region-focusable). As a
    // named region, a screen reader says what got the focus. Blocks that fit are left out of the
    // Tab order, and each is looked at again when its size changes (a phone turned, a sidebar
    // opened, a <details> unfolded).
    const name = box => {
        if (box.classList.contains('table-wrapper')) return 'Table';
        const code = box.matches('code') ? box : box.querySelector('code');
        if (code && code.classList.contains('language-rust')) return 'Rust code';
        return 'Code or output';
    };
    const mark = box => {
        const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
        if (scrolls && !box.hasAttribute('tabindex')) {
            box.tabIndex = 0;
            box.setAttribute('role', 'region');
            box.setAttribute('aria-label', name(box) + ', scrolls');
            box.dataset.scrollFocus = '';
        } else if (!scrolls && 'scrollFocus' in box.dataset) {
            box.removeAttribute('tabindex');
            box.removeAttribute('role');
            box.removeAttribute('aria-label');
            delete box.dataset.scrollFocus;
        }
    };
    // mdBook's <pre> holds a <code> that scrolls (overflow-x: auto); an output <pre> may too.
    const boxes = document.querySelectorAll('main pre, main pre > code, main .table-wrapper');
    boxes.forEach(mark);
    if ('ResizeObserver' in window) {
        const observer = new ResizeObserver(entries => entries.forEach(e => mark(e.target)));
        boxes.forEach(box => observer.observe(box));
    }
})();
