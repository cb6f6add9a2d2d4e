import QtQuick
import ".."

// A Vietnamese phone number (10 digits): the virtual keyboard shows its dial pad.
LineAnswer {
    hints: Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
    maxLength: 16
    boxWidth: theme.touchTarget * 6
}
