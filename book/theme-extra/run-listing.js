// The Run button under every listing, in the book `cargo xtask serve` serves (only there: it
// adds this script to the pages; the published book has neither it nor the endpoint). A click
// asks the server to build and run that listing, as its `cargo run` line says, on this machine,
// and shows what it prints as it prints it (xtask/src/run_listing/).
(function runListings() {
    'use strict';

    async function run(button, footer, output) {
        button.disabled = true;
        button.textContent = 'Running…';
        output.hidden = false;
        output.textContent = '';
        output.dataset.state = 'running';
        let state = 'done';
        try {
            // The server knows the listing's arguments: the request carries only its name.
            const response = await fetch('/__run/' + footer.dataset.listing, { method: 'POST' });
            if (!response.ok) {
                state = 'refused';
                output.textContent = `The server refused the run (${response.status}): ${await response.text()}`;
                return;
            }
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            for (;;) {
                const { done, value } = await reader.read();
                if (done) break;
                output.textContent += decoder.decode(value, { stream: true });
            }
            output.textContent += decoder.decode();
        } catch (e) {
            state = 'failed';
            output.textContent += `\n[the run did not finish: ${e.message}; is cargo xtask serve still running?]\n`;
        } finally {
            output.dataset.state = state;
            button.disabled = false;
            button.textContent = 'Run again';
        }
    }

    for (const footer of document.querySelectorAll('.listing-footer[data-listing]')) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'listing-run';
        button.textContent = 'Run';
        button.title = 'Build and run this listing on this machine, as the command beside says';
        const output = document.createElement('pre');
        output.className = 'listing-run-output';
        output.hidden = true;
        output.setAttribute('aria-live', 'polite');
        button.addEventListener('click', () => run(button, footer, output));
        footer.prepend(button);
        footer.after(output);
    }
})();
