/**
 * Imported before Leaflet: positions markers with 2D offsets instead of translate3d. A 3D transform gives each
 * marker a compositing layer of its own; with the true-scale fleet on the map (hundreds of truck labels) the
 * browser spent more time sorting layers (Chromium's "Layerize") than drawing, every frame of a burst of reports.
 * The cost: zooming jumps instead of animating.
 */
(window as unknown as { L_DISABLE_3D: boolean }).L_DISABLE_3D = true;
export {};
