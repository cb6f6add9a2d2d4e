import QtQuick
import ".."

// A number; whole numbers get the digits-only keyboard. A calculated amount (read-only)
// is shown with thousands separators, as Vietnamese write them: 16.000.
LineAnswer {
    id: root
    readonly property var number: field ? field.value : null
    hints: field && field.integer ? Qt.ImhDigitsOnly : Qt.ImhFormattedNumbersOnly
    boxWidth: theme.touchTarget * 5
    input.text: number === undefined || number === null ? ""
                : (input.readOnly && typeof number === "number"
                   ? Number(number).toLocaleString(Qt.locale("vi_VN"), "f", 0) : String(number))
}
