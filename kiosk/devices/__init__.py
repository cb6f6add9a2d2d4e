"""kiosk.devices"""
