"""kiosk.sync"""
