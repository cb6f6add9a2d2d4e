"""kiosk.forms"""
