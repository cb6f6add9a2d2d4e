import QtQuick
import QtQuick.VirtualKeyboard

// Puts the Telex input method on the on-screen keyboard while `telex.enabled` (the switch
// is in the header while the keyboard shows). The keyboard picks its own input method
// whenever its layout or the focused field changes; this takes the place back each time.
Item {
    id: root
    objectName: "telexKeyboard"
    readonly property bool installed: InputContext.inputEngine.inputMethod === telexMethod
    property var previousMethod: null

    TelexInputMethod { id: telexMethod; objectName: "telexInputMethod" }

    function install() {
        var engine = InputContext.inputEngine
        if (telex.enabled) {
            if (engine.inputMethod !== telexMethod) {
                previousMethod = engine.inputMethod
                engine.inputMethod = telexMethod
            }
        } else if (engine.inputMethod === telexMethod) {
            telexMethod.update()
            engine.inputMethod = previousMethod
        }
    }

    // A key as the on-screen keyboard sends it (for tests and the keyboard's own keys).
    function virtualKeyClick(key, text) {
        return InputContext.inputEngine.virtualKeyClick(key, text, Qt.NoModifier)
    }

    Connections {
        target: InputContext.inputEngine
        function onInputMethodChanged() { Qt.callLater(root.install) }
    }
    Connections {
        target: telex
        function onEnabledChanged() { root.install() }
    }
    Component.onCompleted: install()
}
