.pragma library

// Where in-page sheets go: the screen itself (it declares `overlayHost: true`), so a sheet
// stays above the page yet below the on-screen keyboard, which covers the page's bottom.
function hostOf(item) {
    var p = item
    while (p && p.overlayHost !== true)
        p = p.parent
    return p ? p : item
}

function open(component, item, properties) {
    var sheet = component.createObject(hostOf(item), properties || {})
    if (sheet)
        sheet.open()
    return sheet
}

// Case- and accent-insensitive form of a text, "đ" as "d" (as kiosk.forms.addresses.sort_key).
function fold(text) {
    return String(text || "").toLowerCase().replace(/đ/g, "d").normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim()
}
