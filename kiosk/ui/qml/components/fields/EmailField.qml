import QtQuick
import ".."

LineAnswer {
    hints: Qt.ImhEmailCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
    maxLength: 254
}
