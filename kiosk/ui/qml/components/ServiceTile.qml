import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One large tile on the home screen: the procedure's name in the current language.
Button {
    id: tile
    // A volunteer's keyboard: Enter acts like a tap, as Space already does.
    Keys.onReturnPressed: tile.clicked()
    Keys.onEnterPressed: tile.clicked()
    property string code: ""
    property string nameVi: ""
    property string nameEn: ""
    implicitHeight: Math.max(theme.touchTarget * 2, label.implicitHeight + 40)
    implicitWidth: theme.touchTarget * 5
    font.pixelSize: theme.fontBody
    Accessible.name: label.text
    contentItem: Label {
        id: label
        text: i18n.language === "vi" ? tile.nameVi : tile.nameEn
        font: tile.font
        color: theme.text
        wrapMode: Text.WordWrap
        // Long names in large text: shrink a little to stay inside the tile, never overflow.
        fontSizeMode: Text.Fit
        minimumPixelSize: Math.round(theme.fontBody * 0.75)
        elide: Text.ElideRight
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 16
        color: tile.down ? Qt.darker(theme.surface, 1.1) : theme.surface
        border.color: tile.activeFocus ? theme.focus : theme.border
        border.width: tile.activeFocus ? 5 : 2
        Rectangle {
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            width: 10
            radius: 4
            color: theme.primary
        }
    }
}
