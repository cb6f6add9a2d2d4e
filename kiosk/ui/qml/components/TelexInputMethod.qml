import QtQuick
import QtQuick.VirtualKeyboard as VKB

// Telex on the on-screen keyboard: letters go to the Python engine (`telex`), the word being
// composed stays as pre-edit, and anything else (space, Enter, punctuation, digits) commits
// it and then does its usual job. Hidden, e-mail, URL and Latin-only fields get plain keys.
VKB.InputMethod {
    id: method

    readonly property int plainHints: Qt.ImhHiddenText | Qt.ImhSensitiveData | Qt.ImhLatinOnly
                                      | Qt.ImhEmailCharactersOnly | Qt.ImhUrlCharactersOnly

    function inputModes(locale) {
        return [VKB.InputEngine.InputMode.Latin, VKB.InputEngine.InputMode.Numeric,
                VKB.InputEngine.InputMode.Dialable]
    }
    function setInputMode(locale, inputMode) { return true }
    function setTextCase(textCase) { return true }
    function selectionLists() { return [] }  // no word candidates: Telex is deterministic

    // The field was reset (focus moved, text replaced): the half word is gone with it.
    function reset() {
        telex.discardWord()
    }

    // Commit what is being composed (the cursor moved, the keyboard hides).
    function update() {
        var word = telex.commitWord()
        if (inputContext !== null && inputContext.preeditText.length > 0)
            inputContext.commit(word)
    }

    function isLetter(text) {
        return text.length === 1 && text.toLowerCase() !== text.toUpperCase()
    }

    function keyEvent(key, text, modifiers) {
        if (inputContext === null || (inputContext.inputMethodHints & plainHints)) {
            update()
            return false
        }
        if (key === Qt.Key_Backspace) {
            if (inputContext.preeditText.length === 0)
                return false
            inputContext.preeditText = telex.backspace().word
            return true
        }
        if (isLetter(text)) {
            var state = telex.feed(text)
            if (state.committed.length > 0)
                inputContext.commit(state.committed)
            inputContext.preeditText = state.word
            return true
        }
        update()
        return false
    }
}
