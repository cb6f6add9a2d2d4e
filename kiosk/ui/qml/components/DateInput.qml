import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "sheets.js" as Sheets

// Day / month / year for touch: day and month are picked from big grids, the year is typed
// on the number pad. `text` is "d/m/yyyy" (parts may be blank); ISO dates are read too.
ColumnLayout {
    id: root
    property string value: ""        // what the view-model holds (ISO or d/m/yyyy)
    property string namePrefix: ""   // objectName prefix for tests
    property string label: ""        // what the date is, for screen readers ("Date of birth")
    property bool readOnly: false
    property bool hasError: false
    property int day: 0
    property int month: 0
    property string year: ""
    property string lastSent: ""
    // A recent date (a child's birth): the year this year's once day or month is chosen.
    property string defaultYear: ""
    signal edited(string text)
    signal finished()
    spacing: 8

    readonly property var locale: Qt.locale(i18n.language === "vi" ? "vi_VN" : "en_GB")

    function load() {
        if (value === lastSent)
            return
        var iso = value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/)
        if (iso) {
            year = iso[1]; month = parseInt(iso[2], 10); day = parseInt(iso[3], 10)
        } else {
            var parts = value.split("/")
            day = parseInt(parts[0], 10) || 0
            month = parts.length > 1 ? (parseInt(parts[1], 10) || 0) : 0
            year = parts.length > 2 ? parts[2] : ""
        }
        yearBox.text = year
    }
    onValueChanged: load()
    Component.onCompleted: load()

    function fillYear() {
        if (year === "" && defaultYear !== "") {
            year = defaultYear
            yearBox.text = year
        }
    }
    function send() {
        var text = (day || month || year.length > 0)
                   ? (day ? day : "") + "/" + (month ? month : "") + "/" + year : ""
        lastSent = text
        edited(text)
    }
    readonly property bool complete: day > 0 && month > 0 && year.length === 4
    readonly property string spelled: {
        if (!complete)
            return ""
        var d = new Date(parseInt(year, 10), month - 1, day)
        if (d.getDate() !== day || d.getMonth() !== month - 1)
            return ""
        return d.toLocaleDateString(locale, i18n.language === "vi"
                                    ? "dddd, 'ngày' d MMMM 'năm' yyyy" : "dddd d MMMM yyyy")
    }

    RowLayout {
        spacing: 16
        DatePart {
            objectName: root.namePrefix + "_day"
            caption: qsTr("Day")
            label: root.label
            shown: root.day > 0 ? String(root.day) : ""
            enabled: !root.readOnly
            hasError: root.hasError
            onClicked: Sheets.open(dayGrid, root)
        }
        DatePart {
            objectName: root.namePrefix + "_month"
            caption: qsTr("Month")
            label: root.label
            shown: root.month > 0 ? String(root.month) : ""
            enabled: !root.readOnly
            hasError: root.hasError
            onClicked: Sheets.open(monthGrid, root)
        }
        ColumnLayout {
            spacing: 4
            Label {
                text: qsTr("Year")
                font.pixelSize: theme.fontSmall
                color: theme.mutedText
            }
            AnswerInput {
                id: yearBox
                objectName: root.namePrefix + "_year"
                Layout.preferredWidth: theme.touchTarget * 2.6
                horizontalAlignment: TextInput.AlignHCenter
                maximumLength: 4
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
                placeholderText: qsTr("yyyy")
                Accessible.name: (root.label ? root.label + ", " : "") + qsTr("Year")
                readOnly: root.readOnly
                hasError: root.hasError
                onTextChanged: if (activeFocus) { root.year = text; root.send() }
                onEditingFinished: root.finished()
            }
        }
    }
    Label {
        visible: root.spelled.length > 0
        text: root.spelled
        font.pixelSize: theme.fontSmall
        color: theme.mutedText
    }

    Component {
        id: dayGrid
        ModalSheet {
            id: daySheet
            title: qsTr("Choose the day")
            fillHeight: false
            panelWidth: Math.min(width - 64, theme.touchTarget * 12.5)
            GridLayout {
                columns: 7
                rowSpacing: 10
                columnSpacing: 10
                Layout.alignment: Qt.AlignHCenter
                Repeater {
                    model: 31
                    BigButton {
                        required property int index
                        objectName: "day_" + (index + 1)
                        kind: root.day === index + 1 ? "primary" : "secondary"
                        text: String(index + 1)
                        implicitWidth: Math.round(theme.touchTarget * 1.5)
                        implicitHeight: Math.round(theme.touchTarget * 1.15)
                        onClicked: {
                            root.day = index + 1
                            root.fillYear()
                            root.send()
                            if (root.complete)
                                root.finished()
                            daySheet.close()
                            // The month is the next question: ask it at once.
                            if (root.month === 0)
                                Qt.callLater(Sheets.open, monthGrid, root)
                        }
                    }
                }
            }
        }
    }
    Component {
        id: monthGrid
        ModalSheet {
            id: monthSheet
            title: qsTr("Choose the month")
            fillHeight: false
            panelWidth: Math.min(width - 64, theme.touchTarget * 15)
            GridLayout {
                columns: 4
                rowSpacing: 10
                columnSpacing: 10
                Layout.alignment: Qt.AlignHCenter
                Repeater {
                    model: 12
                    BigButton {
                        required property int index
                        objectName: "month_" + (index + 1)
                        kind: root.month === index + 1 ? "primary" : "secondary"
                        text: root.locale.standaloneMonthName(index, Locale.LongFormat)
                        implicitWidth: theme.touchTarget * 3.4
                        onClicked: {
                            root.month = index + 1
                            root.fillYear()
                            root.send()
                            if (root.complete)
                                root.finished()
                            monthSheet.close()
                        }
                    }
                }
            }
        }
    }
}
