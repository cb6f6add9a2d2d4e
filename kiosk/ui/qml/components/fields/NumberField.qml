import QtQuick
import ".."

// A number; whole numbers get the digits-only keyboard.
LineAnswer {
    hints: field && field.integer ? Qt.ImhDigitsOnly : Qt.ImhFormattedNumbersOnly
    boxWidth: theme.touchTarget * 5
}
