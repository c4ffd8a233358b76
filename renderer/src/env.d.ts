// Svelte's ambient types: `*.svelte` modules and the runes ($state, $derived, $props, …).
/// <reference types="svelte" />
