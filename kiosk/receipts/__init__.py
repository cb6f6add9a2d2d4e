"""kiosk.receipts"""
